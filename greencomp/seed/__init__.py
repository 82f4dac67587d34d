"""The composition root: what builds data across the apps — the loaders of `fixtures/` (the seed
competitions), the demo steps of `seed_demo`, the synthetic data of `seed_synthetic` and the targets of
`bench`. The apps never import this package; it imports them."""
