"""`python -m indicators.build_data`: rebuild the bundled data directory (see indicators.store.build_data)."""
from indicators.store.build_data import main

if __name__ == "__main__":
    raise SystemExit(main())
