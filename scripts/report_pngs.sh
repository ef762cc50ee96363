#!/usr/bin/env bash
# Convert every .docx in a folder to PDF (LibreOffice headless) and to PNG pages (pdftoppm),
# so that reports can be looked at as a reader sees them.
# Usage: scripts/report_pngs.sh REPORTS_DIR OUT_DIR
set -euo pipefail
reports=${1:?reports folder}
out=${2:?output folder}
command -v soffice >/dev/null || { echo "LibreOffice is not installed: run 'make system-deps'" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "pdftoppm is not installed: run 'make system-deps'" >&2; exit 1; }
mkdir -p "$out"
soffice --headless --convert-to pdf --outdir "$out" "$reports"/*.docx >/dev/null
for pdf in "$out"/*.pdf; do
  pdftoppm -png -r 70 "$pdf" "${pdf%.pdf}"
done
ls "$out"
