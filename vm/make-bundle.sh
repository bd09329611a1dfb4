#!/usr/bin/env bash
# Wraps libifd-readerkit.so in a pcscd USB driver bundle that claims QEMU's reader (08e6:4433),
# so pcscd's hotplug loads our handler for it and passes DEVICENAME usb:08e6/4433:libudev:...
# Usage: vm/make-bundle.sh LIBIFD.so OUTDIR   (creates OUTDIR/ifd-readerkit.bundle)
set -euo pipefail
so=${1:?usage: make-bundle.sh LIBIFD.so OUTDIR}
out=${2:?usage: make-bundle.sh LIBIFD.so OUTDIR}/ifd-readerkit.bundle
rm -rf "$out"
mkdir -p "$out/Contents/Linux"
cp "$so" "$out/Contents/Linux/libifd-readerkit.so"
cat > "$out/Contents/Info.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>English</string>
	<key>CFBundleExecutable</key>
	<string>libifd-readerkit.so</string>
	<key>CFBundleIdentifier</key>
	<string>org.readerkit.ifd</string>
	<key>CFBundleInfoDictionaryVersion</key>
	<string>6.0</string>
	<key>CFBundleName</key>
	<string>ifd-readerkit</string>
	<key>CFBundlePackageType</key>
	<string>BNDL</string>
	<key>CFBundleShortVersionString</key>
	<string>0.1.0</string>
	<key>CFBundleVersion</key>
	<string>0.1.0</string>
	<key>ifdCapabilities</key>
	<string>0x00000000</string>
	<key>ifdProtocolSupport</key>
	<string>0x00000001</string>
	<key>ifdVersionNumber</key>
	<string>0x00000001</string>
	<key>ifdManufacturerString</key>
	<string>ReaderKit</string>
	<key>ifdProductString</key>
	<string>ReaderKit USB CCID driver</string>
	<key>ifdVendorID</key>
	<array>
		<string>0x08E6</string>
	</array>
	<key>ifdProductID</key>
	<array>
		<string>0x4433</string>
	</array>
	<key>ifdFriendlyName</key>
	<array>
		<string>ReaderKit CCID (QEMU USB CCID)</string>
	</array>
</dict>
</plist>
PLIST
