def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    ### BEGIN SOLUTION
    return math.ceil(len(self.items) / self.batch_size)
    ### END SOLUTION


SimpleDataLoader.__len__ = loader_len
