# kind: correct
# why: Same contract with a while loop: per-epoch randperm(n, generator=self.generator) reordering of the items, then batches from 0 in steps of batch_size until every item was served once.
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    n = len(self.items)
    if self.shuffle:
        perm = torch.randperm(n, generator=self.generator)
        shuffled = []
        for i in perm:
            shuffled.append(self.items[int(i)])
        self.items = shuffled
    start = 0
    while start < n:
        yield self.get_batch_at(start)
        start += self.batch_size


SimpleDataLoader.__iter__ = loader_iter
