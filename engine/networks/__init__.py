"""Networks and training: specs, the layer/scalar views, the MLP, initialisation, optimisers, data."""
