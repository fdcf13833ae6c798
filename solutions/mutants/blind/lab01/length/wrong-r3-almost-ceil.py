# kind: wrong
# why: Adds 0.999 and truncates, a float approximation of ceil that drops the last batch when it holds under 0.1% of batch_size (e.g. 100001 items in batches of 100000 give 1); violates "o último, incompleto, também conta".
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    return int(len(self.items) / self.batch_size + 0.999)


SimpleDataLoader.__len__ = loader_len
