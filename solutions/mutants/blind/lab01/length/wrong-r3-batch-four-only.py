# kind: wrong
# why: Ceil-division written with the constant 4 from the example instead of self.batch_size; right only for batches of 4; violates "len(loader) deve dar o número de batches de uma época" for any batch size.
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    return (len(self.items) + 3) // 4


SimpleDataLoader.__len__ = loader_len
