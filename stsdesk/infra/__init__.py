"""Operating-system integration without Qt: paths, assets, policy, logging, single instance."""
