"""Data types shared by the example crawler."""

from dataclasses import dataclass


@dataclass
class Page:
    url: str
    status: int
    body: str

    def size(self) -> int:
        return len(self.body)


class Stats:
    """Counters shared by concurrent workers, guarded by an `asyncio.Lock`."""

    def __init__(self) -> None:
        self.fetched = 0
        self.failed = 0
        self.bytes_read = 0

    def record(self, page: Page) -> None:
        if page.status == 200:
            self.fetched += 1
            self.bytes_read += page.size()
        else:
            self.failed += 1
