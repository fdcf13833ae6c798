# kind: wrong
# why: max(1, ceil(n / bs)): returns 1 batch for an empty item list instead of 0; passes visible tests
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    return max(1, math.ceil(len(self.items) / self.batch_size))


SimpleDataLoader.__len__ = loader_len
