# kind: wrong
# why: Rounds n / batch_size to the nearest integer instead of up, so 9 items in batches of 4 give 2 (the last 1-item batch is lost); violates "o último, incompleto, também conta. Dica: math.ceil".
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    return int(len(self.items) / self.batch_size + 0.5)  # arredonda


SimpleDataLoader.__len__ = loader_len
