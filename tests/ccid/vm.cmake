# VM tests (label "vm"): each boots QEMU's emulated CCID reader in the rig (vm/), built on
# demand and cached in <build>/vm-cache. They need root (debootstrap, 9p), the `--vm` packages
# of scripts/install-deps.sh and the CLI, the IFD handler and the VSCard card server built.
# Run them with `ctest -L vm`; the default unit run excludes them with `-LE vm`.
find_program(READERKIT_QEMU qemu-system-x86_64)
if(NOT READERKIT_QEMU OR NOT TARGET readerkit-cli OR NOT TARGET ifd-readerkit
   OR NOT TARGET ccid-vscard-card OR NOT TARGET ccid-event-latency)
  return()
endif()
foreach(scenario vscard-uhci vscard-xhci cac)
  add_test(NAME ccid_vm_${scenario}
           COMMAND ${PROJECT_SOURCE_DIR}/vm/ccid-suite.sh ${PROJECT_BINARY_DIR} ${scenario})
  set_tests_properties(ccid_vm_${scenario} PROPERTIES LABELS vm TIMEOUT 600
                       RESOURCE_LOCK ccid_vm)
endforeach()
