"""Pure pandas functions, one module per job. They never print, read files or exit."""
