# bash completion for readerkit: commands, reader SPEC kinds, simulated card profiles,
# fault names and the words each command takes.
_readerkit() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  local commands="atr status power protocol transmit pin attr ioctl cancel wait card fault
    sim-control bench run list trace usbip"
  local profiles="default t0 t1 t1-crc inverse specific extended pinpad"
  local faults="edc drop mute slow wtx pps-refuse remove-during-transmit atr-garbage clear"
  local options="--reader --slot --json --trace --pcap --pcap-mask --verbose --log --help --version"

  case $prev in
    --reader)
      case $cur in
        sim:*profile=*)
          local head=${cur%profile=*}profile=
          mapfile -t COMPREPLY < <(compgen -W "$profiles" -P "$head" -- "${cur##*profile=}")
          ;;
        *) mapfile -t COMPREPLY < <(compgen -W "sim sim:profile= vpcd: vpcd:connect: usb: pcsc:" -- "$cur") ;;
      esac
      compopt -o nospace 2>/dev/null
      return ;;
    --log) mapfile -t COMPREPLY < <(compgen -W "ioctl atr protocol driver trace error all" -- "$cur"); return ;;
    --slot) return ;;
    run) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
  esac

  # The command word: the first word that is not an option or an option's value.
  local i command=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --reader|--slot|--log) ((i++)) ;;
      -*) ;;
      *) command=${COMP_WORDS[i]}; break ;;
    esac
  done
  local words
  case $command in
    "") words="$commands $options" ;;
    power) words="cold warm down" ;;
    protocol) words="T0 T1 T0,T1 RAW" ;;
    attr) words="get set" ;;
    card) words="insert remove $profiles" ;;
    fault) words="$faults" ;;
    transmit) words="--apdu --no-auto --protocol --out-size" ;;
    pin) words="verify modify type cancel --apdu --format ascii bcd binary --right --pin-pos
      --pin-pos-bits --block --length-bits --length-pos --length-pos-bits --min --max --timeout
      --no-old --no-confirm --offset-old --offset-new --no-auto" ;;
    bench) words="-n -l -p -c --devices T0 T1" ;;
    usbip) words="serve list --reader --profile --listen --usb-id --remote apdu extended tpdu
      tpdu-manual pinpad polled" ;;
    *) words="" ;;
  esac
  mapfile -t COMPREPLY < <(compgen -W "$words --help" -- "$cur")
}
complete -F _readerkit readerkit
