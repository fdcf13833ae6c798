# kind: correct
# why: counts the batch start indices, len(range(0, n, batch_size)): one per batch including the incomplete last one
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    starts = range(0, len(self.items), self.batch_size)  # 0, bs, 2*bs, ...
    return len(starts)


SimpleDataLoader.__len__ = loader_len
