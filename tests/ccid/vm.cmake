# SPDX-License-Identifier: MIT
# VM tests (label "vm"): each boots QEMU's emulated CCID reader in the rig (vm/), built on
# demand and cached in <build>/vm-cache. They need root (debootstrap, 9p), the `--vm` packages
# of scripts/install-deps.sh and the CLI, the IFD handler and the VSCard card server built.
# Run them with `ctest -L vm`; the default unit run excludes them with `-LE vm`.
# usbip runs a representative subset of the USB/IP matrix; -DREADERKIT_VM_FULL=ON adds
# usbip-full, every profile and card protocol (docs/usbip.md "VM tests").
option(READERKIT_VM_FULL "Register the full USB/IP VM matrix (ccid_vm_usbip-full)" OFF)
set(vm_scenarios vscard-uhci vscard-xhci cac usbip)
if(READERKIT_VM_FULL)
  list(APPEND vm_scenarios usbip-full)
endif()
find_program(READERKIT_QEMU qemu-system-x86_64)
set(vm_missing "")
if(NOT READERKIT_QEMU)
  list(APPEND vm_missing "qemu-system-x86_64 (scripts/install-deps.sh --vm)")
endif()
foreach(target readerkit-cli ifd-readerkit ccid-vscard-card ccid-event-latency)
  if(NOT TARGET ${target})
    list(APPEND vm_missing "target ${target}")
  endif()
endforeach()
if(vm_missing)
  # Each scenario still shows up in ctest, as skipped with the reason.
  list(JOIN vm_missing ", " vm_missing)
  foreach(scenario ${vm_scenarios})
    readerkit_skipped_test(ccid_vm_${scenario} "missing ${vm_missing}" LABELS vm)
  endforeach()
  return()
endif()
foreach(scenario ${vm_scenarios})
  add_test(NAME ccid_vm_${scenario}
           COMMAND ${PROJECT_SOURCE_DIR}/vm/ccid-suite.sh ${PROJECT_BINARY_DIR} ${scenario})
  set(vm_timeout 600)
  if(scenario STREQUAL "usbip-full")
    set(vm_timeout 1800)
  endif()
  set_tests_properties(ccid_vm_${scenario} PROPERTIES LABELS vm TIMEOUT ${vm_timeout}
                       RESOURCE_LOCK ccid_vm)
endforeach()
