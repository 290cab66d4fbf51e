#!/usr/bin/env bash
# Wrap the macOS app in a disk image: make_dmg.sh APP.app OUT.dmg [ORGANIZATION_DIR]
#
# packaging/build.py --dmg calls it after PyInstaller has made build/dist/<name>.app from
# packaging/stsdesk.spec. The image holds the app, a link to /Applications to drag it onto,
# and, when ORGANIZATION_DIR is given (policy.toml, logo and packs/ baked by build.py),
# an "Organization policy" folder with install-policy.command, which copies them to
# /Library/Application Support/stsdesk/ (where stsdesk looks) after asking for an
# administrator's password.
#
# Managed Macs (Jamf, Intune, Munki...) do the same without the image's helper:
#   hdiutil attach -nobrowse -mountpoint /Volumes/stsdesk stsdesk-0.1.0.dmg
#   ditto /Volumes/stsdesk/stsdesk.app /Applications/stsdesk.app
#   hdiutil detach /Volumes/stsdesk
#   sudo mkdir -p "/Library/Application Support/stsdesk"
#   sudo cp policy.toml "/Library/Application Support/stsdesk/policy.toml"
#
# Not signed or notarised here: an organization that distributes it signs the .app with its
# Developer ID (codesign --deep --options runtime) and notarises the .dmg (xcrun notarytool)
# before shipping, or Gatekeeper will refuse to open it.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 APP.app OUT.dmg [ORGANIZATION_DIR]" >&2
    exit 2
fi
app=$1
out=$2
organization=${3:-}
if [ ! -d "$app" ]; then
    echo "$0: $app is not an app bundle (build it with packaging/build.py first)" >&2
    exit 1
fi
name=$(basename "$app" .app)

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/$name.app"
ln -s /Applications "$staging/Applications"

if [ -n "$organization" ]; then
    policy_dir="$staging/Organization policy"
    mkdir -p "$policy_dir"
    ditto "$organization" "$policy_dir"
    cat > "$policy_dir/install-policy.command" <<'EOF'
#!/bin/bash
# Installs this folder's policy.toml (and its logo and packs) for every account on this Mac.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target="/Library/Application Support/stsdesk"
echo "Installing the stsdesk policy into $target (administrator password needed)."
sudo mkdir -p "$target"
sudo rsync -a --exclude install-policy.command "$here/" "$target/"
sudo chown -R root:wheel "$target"
sudo chmod -R go-w "$target"
echo "Done. stsdesk reads it at its next start; to check it, run the program inside the app:"
echo "  /Applications/<name>.app/Contents/MacOS/<name> policy check"
EOF
    chmod +x "$policy_dir/install-policy.command"
fi

rm -f "$out"
hdiutil create -volname "$name" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$out"
echo "Made $out"
