import sys

from briefmap.cli import main

sys.exit(main())
