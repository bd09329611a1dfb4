-- SPDX-License-Identifier: MIT
-- Wireshark dissector for ReaderKit traces (docs/trace.md): the `readerkit` records of a
-- LINKTYPE_WIRESHARK_UPPER_PDU pcap: IOCTLs, PPS, T=0 procedure bytes and data, T=1 blocks,
-- card events. APDUs and ATRs in the same file go to Wireshark's own iso7816 dissectors and
-- need nothing from this file.
--   tshark -X lua_script:tools/wireshark/readerkit.lua -r trace.pcap
-- or copy it to ~/.local/lib/wireshark/plugins/.

local p = Proto("readerkit", "ReaderKit trace")

local events = {
  [1] = "ioctl_in", [2] = "ioctl_out", [3] = "card_inserted", [4] = "card_removed",
  [5] = "atr", [6] = "pps_request", [7] = "pps_response", [8] = "apdu_command",
  [9] = "apdu_response", [10] = "t0_header", [11] = "t0_procedure", [12] = "t0_data",
  [13] = "t0_status", [14] = "t1_block", [15] = "t1_timeout", [16] = "reader",
  [17] = "dropped",
}
local directions = { [0] = "none", [1] = "to_card", [2] = "from_card" }
local s_types = { [0] = "RESYNCH", [1] = "IFS", [2] = "ABORT", [3] = "WTX", [4] = "VPP_ERROR" }
local r_errors = { [0] = "none", [1] = "EDC", [2] = "other" }

local f = {
  version = ProtoField.uint8("readerkit.version", "Format version"),
  event = ProtoField.uint8("readerkit.event", "Event", base.DEC, events),
  event_name = ProtoField.string("readerkit.event_name", "Event name"),
  direction = ProtoField.uint8("readerkit.direction", "Direction", base.DEC, directions),
  channel = ProtoField.uint32("readerkit.channel", "Channel"),
  value = ProtoField.uint32("readerkit.value", "Value"),
  status_code = ProtoField.uint32("readerkit.status_code", "Status code", base.HEX),
  duration = ProtoField.uint32("readerkit.duration_us", "Duration (us)"),
  hidden = ProtoField.uint32("readerkit.hidden", "Bytes not shown"),
  hidden_at = ProtoField.uint16("readerkit.hidden_at", "Bytes not shown at offset"),
  label = ProtoField.string("readerkit.label", "Label"),
  data = ProtoField.bytes("readerkit.data", "Data"),
  reader = ProtoField.string("readerkit.reader", "Reader"),
  dropped = ProtoField.uint32("readerkit.dropped", "Records dropped"),
  timeout = ProtoField.uint32("readerkit.t1.timeout_us", "Waited (us)"),
  ioctl_code = ProtoField.uint32("readerkit.ioctl.code", "IOCTL code", base.HEX),
  ioctl_name = ProtoField.string("readerkit.ioctl.name", "IOCTL"),
  ioctl_status = ProtoField.string("readerkit.ioctl.status", "Status"),
  ioctl_in = ProtoField.bytes("readerkit.ioctl.input", "Input"),
  ioctl_out = ProtoField.bytes("readerkit.ioctl.output", "Output"),
  nad = ProtoField.uint8("readerkit.t1.nad", "NAD", base.HEX),
  pcb = ProtoField.uint8("readerkit.t1.pcb", "PCB", base.HEX),
  block_type = ProtoField.string("readerkit.t1.type", "Block type"),
  ns = ProtoField.uint8("readerkit.t1.ns", "N(S)"),
  more = ProtoField.bool("readerkit.t1.more", "More data"),
  nr = ProtoField.uint8("readerkit.t1.nr", "N(R)"),
  r_error = ProtoField.string("readerkit.t1.error", "R-block error"),
  s_type = ProtoField.string("readerkit.t1.s_type", "S-block type"),
  s_response = ProtoField.bool("readerkit.t1.s_response", "S-block response"),
  len = ProtoField.uint8("readerkit.t1.len", "LEN"),
  inf = ProtoField.bytes("readerkit.t1.inf", "INF"),
  edc = ProtoField.bytes("readerkit.t1.edc", "EDC"),
  wtx = ProtoField.uint8("readerkit.t1.wtx", "WTX multiplier"),
  ifs = ProtoField.uint8("readerkit.t1.ifs", "IFS"),
  t0_cla = ProtoField.uint8("readerkit.t0.cla", "CLA", base.HEX),
  t0_ins = ProtoField.uint8("readerkit.t0.ins", "INS", base.HEX),
  t0_p1 = ProtoField.uint8("readerkit.t0.p1", "P1", base.HEX),
  t0_p2 = ProtoField.uint8("readerkit.t0.p2", "P2", base.HEX),
  t0_p3 = ProtoField.uint8("readerkit.t0.p3", "P3", base.HEX),
  t0_procedure = ProtoField.uint8("readerkit.t0.procedure", "Procedure byte", base.HEX),
  t0_kind = ProtoField.string("readerkit.t0.procedure_kind", "Procedure"),
  t0_data = ProtoField.bytes("readerkit.t0.data", "Data"),
  t0_sw = ProtoField.uint16("readerkit.t0.sw", "SW1 SW2", base.HEX),
  pps = ProtoField.bytes("readerkit.pps", "PPS"),
  pps0 = ProtoField.uint8("readerkit.pps.pps0", "PPS0", base.HEX),
  pps1 = ProtoField.uint8("readerkit.pps.pps1", "PPS1 (Fi/Di)", base.HEX),
  pps_t = ProtoField.uint8("readerkit.pps.protocol", "Protocol T"),
}
p.fields = f

local function t1_block(tvb, tree, ev)
  if tvb:len() < 3 then return "T=1 short block" end
  local pcb = tvb(1, 1):uint()
  local len = tvb(2, 1):uint()
  tree:add(f.nad, tvb(0, 1))
  tree:add(f.pcb, tvb(1, 1))
  tree:add(f.len, tvb(2, 1))
  local info
  if bit.band(pcb, 0x80) == 0 then
    local ns = bit.band(bit.rshift(pcb, 6), 1)
    local more = bit.band(pcb, 0x20) ~= 0
    tree:add(f.block_type, "I")
    tree:add(f.ns, ns)
    tree:add(f.more, more)
    info = string.format("I(%d%s)", ns, more and ", M" or "")
  elseif bit.band(pcb, 0x40) == 0 then
    local nr = bit.band(bit.rshift(pcb, 4), 1)
    local err = r_errors[bit.band(pcb, 0x03)] or "unknown"
    tree:add(f.block_type, "R")
    tree:add(f.nr, nr)
    tree:add(f.r_error, err)
    info = string.format("R(%d%s)", nr, err ~= "none" and (", " .. err .. " error") or "")
  else
    local st = s_types[bit.band(pcb, 0x1F)] or "unknown"
    local response = bit.band(pcb, 0x20) ~= 0
    tree:add(f.block_type, "S")
    tree:add(f.s_type, st)
    tree:add(f.s_response, response)
    info = string.format("S(%s %s)", st, response and "response" or "request")
    if len == 1 and tvb:len() > 3 then
      local v = tvb(3, 1):uint()
      if st == "WTX" then tree:add(f.wtx, tvb(3, 1)) elseif st == "IFS" then tree:add(f.ifs, tvb(3, 1)) end
      info = info .. " " .. v
    end
  end
  local inf_len = math.min(len, tvb:len() - 3)
  if inf_len > 0 then tree:add(f.inf, tvb(3, inf_len)) end
  if tvb:len() > 3 + inf_len then tree:add(f.edc, tvb(3 + inf_len)) end
  return "T=1 " .. info .. " LEN=" .. len
end

local function t0_procedure(tvb, tree)
  if tvb:len() < 1 then return "T=0 procedure" end
  local pb = tvb(0, 1):uint()
  tree:add(f.t0_procedure, tvb(0, 1))
  local kind = pb == 0x60 and "NULL" or "ACK"
  tree:add(f.t0_kind, kind)
  return string.format("T=0 procedure %02X (%s)", pb, kind)
end

local describers = {
  ioctl_in = function(tvb, tree, h)
    tree:add(f.ioctl_code, h.value_range)
    tree:add(f.ioctl_name, h.label)
    if tvb:len() > 0 then tree:add(f.ioctl_in, tvb()) end
    return h.label .. " in=" .. (tvb:len() + h.hidden)
  end,
  ioctl_out = function(tvb, tree, h)
    tree:add(f.ioctl_code, h.value_range)
    tree:add(f.ioctl_name, h.label)
    tree:add(f.ioctl_status, h.status)
    if tvb:len() > 0 then tree:add(f.ioctl_out, tvb()) end
    return h.label .. " -> " .. h.status .. " (" .. h.duration .. " us)"
  end,
  card_inserted = function() return "card inserted" end,
  card_removed = function() return "card removed" end,
  pps_request = function(tvb, tree)
    if tvb:len() > 0 then tree:add(f.pps, tvb()) end
    if tvb:len() >= 2 then
      tree:add(f.pps0, tvb(1, 1))
      tree:add(f.pps_t, bit.band(tvb(1, 1):uint(), 0x0F))
      if bit.band(tvb(1, 1):uint(), 0x10) ~= 0 and tvb:len() >= 3 then tree:add(f.pps1, tvb(2, 1)) end
    end
    return "PPS request"
  end,
  t0_header = function(tvb, tree)
    local names = { f.t0_cla, f.t0_ins, f.t0_p1, f.t0_p2, f.t0_p3 }
    for i = 1, math.min(5, tvb:len()) do tree:add(names[i], tvb(i - 1, 1)) end
    return "T=0 header"
  end,
  t0_procedure = t0_procedure,
  t0_data = function(tvb, tree)
    if tvb:len() > 0 then tree:add(f.t0_data, tvb()) end
    return "T=0 data"
  end,
  t0_status = function(tvb, tree)
    if tvb:len() >= 2 then tree:add(f.t0_sw, tvb(0, 2)) end
    return "T=0 SW1 SW2"
  end,
  t1_block = t1_block,
  t1_timeout = function(tvb, tree, h)
    tree:add(f.timeout, h.value_range)
    return "T=1 nothing within " .. h.value .. " us"
  end,
  reader = function(tvb, tree, h)
    tree:add(f.reader, h.label)
    return "reader " .. h.label
  end,
  dropped = function(tvb, tree, h)
    tree:add(f.dropped, h.value_range)
    return h.value .. " records dropped"
  end,
}
describers.pps_response = function(tvb, tree)
  describers.pps_request(tvb, tree)
  return "PPS response"
end

function p.dissector(tvb, pinfo, tree)
  if tvb:len() < 28 then return 0 end
  pinfo.cols.protocol = "ReaderKit"
  local t = tree:add(p, tvb())
  local ev = tvb(1, 1):uint()
  local name = events[ev] or "unknown"
  local label_len = tvb(26, 1):uint()
  local status_len = tvb(27, 1):uint()
  local h = {
    value = tvb(8, 4):uint(),
    value_range = tvb(8, 4),
    duration = tvb(16, 4):uint(),
    hidden = tvb(20, 4):uint(),
    label = label_len > 0 and tvb(28, label_len):string() or "",
    status = status_len > 0 and tvb(28 + label_len, status_len):string() or "",
  }
  t:add(f.version, tvb(0, 1))
  t:add(f.event, tvb(1, 1))
  t:add(f.event_name, name)
  t:add(f.direction, tvb(2, 1))
  t:add(f.channel, tvb(4, 4))
  t:add(f.value, tvb(8, 4))
  t:add(f.status_code, tvb(12, 4))
  t:add(f.duration, tvb(16, 4))
  t:add(f.hidden, tvb(20, 4))
  t:add(f.hidden_at, tvb(24, 2))
  if label_len > 0 then t:add(f.label, tvb(28, label_len)) end
  local at = 28 + label_len + status_len
  local data = at < tvb:len() and tvb(at):tvb() or ByteArray.new():tvb("empty")
  if data:len() > 0 then t:add(f.data, tvb(at)) end
  local describe = describers[name]
  local info = describe and describe(data, t, h) or name
  if h.hidden > 0 then info = info .. " [" .. h.hidden .. " bytes not shown]" end
  local dir = directions[tvb(2, 1):uint()]
  pinfo.cols.info = (dir == "to_card" and "-> " or dir == "from_card" and "<- " or "") .. info
  return tvb:len()
end
