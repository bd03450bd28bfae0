"""``python -m warledger`` runs the command line."""

from warledger.cli import main

main()
