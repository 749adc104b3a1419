from costdx.cli import main

raise SystemExit(main())
