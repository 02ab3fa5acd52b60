"""How Teilhabe starts Debian's Chromium headless (browser tests, README screenshots).

One definition, so tests and scripts launch the same browser the same way. The flags keep
Chromium from calling home: this machine's network is closed, and such calls fail noisily.
Never `playwright install`: Playwright drives the system's Chromium at this path.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
