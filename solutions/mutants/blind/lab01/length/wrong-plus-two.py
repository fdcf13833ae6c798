# kind: wrong
# why: narrow: (n + 2) // bs adds a fixed 2 instead of bs - 1; right for the visible 8/4 and 10/4, wrong e.g. for 9 items batch 4 or 5 items batch 10; visible tests pass
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    return (len(self.items) + 2) // self.batch_size


SimpleDataLoader.__len__ = loader_len
