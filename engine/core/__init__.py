"""The autograd core: lexer, parser, graph, the op table, forward and backward passes, limits, errors."""
