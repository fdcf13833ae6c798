# kind: correct
# why: nothing is forbidden in this question; builds a torch.utils.data.DataLoader over the items and returns its len (relabelled: the question states no rule against it, so by its contract it is a right answer)
def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    from torch.utils.data import DataLoader as TorchLoader
    return len(TorchLoader(self.items, batch_size=self.batch_size))


SimpleDataLoader.__len__ = loader_len
