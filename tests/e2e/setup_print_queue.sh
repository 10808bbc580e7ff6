#!/usr/bin/env bash
# A real printer for the end-to-end tests: CUPS running, a CUPS-PDF queue "LoketPDF" as the
# default printer, and tesseract to read the printed (rasterised) pages back.
# Run as root. Idempotent: what is already there is left as it is.
set -euo pipefail

QUEUE="${LOKET_PRINT_QUEUE:-LoketPDF}"
export DEBIAN_FRONTEND=noninteractive

if ! command -v cupsd >/dev/null 2>&1 || ! command -v lpadmin >/dev/null 2>&1 \
  || [ ! -e /usr/lib/cups/backend/cups-pdf ] || ! command -v tesseract >/dev/null 2>&1 \
  || ! command -v pdftoppm >/dev/null 2>&1; then
  apt-get update -qq
  # libcups2: Qt's CUPS print plugin; cups-filters (pulled by cups) turns Qt's PDF into the
  # PostScript CUPS-PDF expects. Installed with their recommended packages, as tested.
  apt-get install -y -qq cups printer-driver-cups-pdf libcups2 >/dev/null
  # poppler-utils + tesseract-ocr read the printed (rasterised) page back.
  apt-get install -y -qq --no-install-recommends \
    poppler-utils tesseract-ocr tesseract-ocr-eng >/dev/null
fi

scheduler_running() { lpstat -r 2>/dev/null | grep -q "scheduler is running"; }

if ! scheduler_running; then
  mkdir -p /run/cups
  cupsd # forks into the background; no systemd here
  for _ in $(seq 1 100); do
    scheduler_running && break
    sleep 0.2
  done
  scheduler_running || { echo "cupsd did not start" >&2; exit 1; }
fi

if ! lpstat -v "$QUEUE" 2>/dev/null | grep -q "cups-pdf:/"; then
  # The PPD's model name as lpinfo -m lists it; the file itself where the driver list is empty.
  lpadmin -p "$QUEUE" -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null \
    || lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
fi
cupsenable "$QUEUE"
cupsaccept "$QUEUE"
lpadmin -d "$QUEUE"
lpoptions -d "$QUEUE" >/dev/null

lpstat -p "$QUEUE" -d
