"""Read and write every format analysts bring: sniffing, header detection,
atomic writes and the CSV-injection guard. See docs/io.md."""

from revops_cli.io.read import ReadInfo, Table, read_table
from revops_cli.io.write import write_table

__all__ = ["ReadInfo", "Table", "read_table", "write_table"]
