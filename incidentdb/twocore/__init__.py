"""Two cores, behind three calls: `read_in_two` (the data file, cut by `split`, in `read`),
`write_shared` (the generated pages) and `forked` (any one call), both in `fork`. Each falls
back to doing the work here, in order, so the pipeline reads as if it were sequential."""

from incidentdb.twocore.fork import JOBS_ENV, forked, write_shared
from incidentdb.twocore.read import read_in_two

__all__ = ["JOBS_ENV", "forked", "read_in_two", "write_shared"]
