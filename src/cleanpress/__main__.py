import sys

from cleanpress.cli import main

sys.exit(main())
