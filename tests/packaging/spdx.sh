#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every source file of the project states its licence: an "SPDX-License-Identifier: MIT" line
# within its first two lines (the second after a #! line). Lists the files that lack it.
set -euo pipefail
cd "$1"
missing=0
while IFS= read -r -d '' f; do
  if ! head -2 "$f" | grep -q 'SPDX-License-Identifier: MIT'; then
    echo "no SPDX line: $f"
    missing=$((missing + 1))
  fi
done < <(find include src smclib drivers cli ifdhandler tests fuzz bench scripts vm cmake tools \
  -type d \( -name build -o -name 'build-*' -o -name corpus \) -prune -o -type f \
  \( -name '*.cpp' -o -name '*.hpp' -o -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' \
     -o -name '*.cmake' -o -name CMakeLists.txt -o -name '*.lua' \) -print0 2>/dev/null)
if ! head -2 CMakeLists.txt | grep -q 'SPDX-License-Identifier: MIT'; then
  echo "no SPDX line: CMakeLists.txt"
  missing=$((missing + 1))
fi
echo "$missing file(s) without an SPDX line"
[[ "$missing" -eq 0 ]]
