# kind: correct
# why: ceiling division with integers only, -(-n // bs): exact for any sizes, counts the incomplete last batch, 0 for an empty list
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    return -(-len(self.items) // self.batch_size)


SimpleDataLoader.__len__ = loader_len
