# kind: wrong
# why: int(n / bs + 0.5) rounds to nearest instead of ceiling: right for 8/4 and 10/4 (visible tests pass) but 9/4 gives 2 instead of 3
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    return int(len(self.items) / self.batch_size + 0.5)


SimpleDataLoader.__len__ = loader_len
