# kind: shortcut
# why: Gets the batch start positions from torch.utils.data's BatchSampler/SequentialSampler imported from the sampler submodule under aliases; violates "Regra: como na questão 3, nada de torch.utils.data (RandomSampler, BatchSampler...)".
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    from torch.utils.data.sampler import BatchSampler as _Batches, SequentialSampler as _Seq
    if self.shuffle:
        order = torch.randperm(len(self.items), generator=self.generator).tolist()
        self.items = [self.items[i] for i in order]
    for chunk in _Batches(_Seq(range(len(self.items))), self.batch_size, drop_last=False):
        yield self.get_batch_at(chunk[0])


SimpleDataLoader.__iter__ = loader_iter
