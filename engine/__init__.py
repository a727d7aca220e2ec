"""Backprop Explorer's autograd engine (pure Python + numpy). See docs/contract.md."""
