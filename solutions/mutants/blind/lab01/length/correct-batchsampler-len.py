# kind: correct
# why: nothing is forbidden in this question; copies the count from torch.utils.data.BatchSampler(drop_last=False) (relabelled: the question states no rule against it, so by its contract it is a right answer)
from torch.utils.data import BatchSampler as _BatchSampler

def loader_len(self) -> int:
    """Número de batches de uma época: o último batch pode estar incompleto."""
    # SEU CÓDIGO AQUI
    return len(_BatchSampler(range(len(self.items)), self.batch_size, drop_last=False))


SimpleDataLoader.__len__ = loader_len
