#!/usr/bin/env bash
# Full-page screenshots of every page in Chinese and in English, into docs/screenshots/<page>-<lang>.png: the
# language walk (tests/Hotline.BrowserTests/LanguageWalkTests.cs) saves them while it reads each page. Needs
# /usr/bin/chromium and the Noto CJK and emoji fonts (scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
dotnet build Hotline.sln -c Release -v q -nologo
HOTLINE_SCREENSHOTS="$PWD/docs/screenshots" dotnet test tests/Hotline.BrowserTests -c Release --no-build \
  --filter "FullyQualifiedName~LanguageWalkTests" -v q --logger "console;verbosity=minimal"
ls -1 docs/screenshots/*.png
