# kind: correct
# why: while loop over start indices; when shuffling, reorders self.items with torch.randperm(n, generator=self.generator) at the start of every epoch; yields get_batch_at(start)
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    n = len(self.items)
    if self.shuffle:
        perm = torch.randperm(n, generator=self.generator)
        self.items = [self.items[int(i)] for i in perm]
    start = 0
    while start < n:
        yield self.get_batch_at(start)
        start += self.batch_size


SimpleDataLoader.__iter__ = loader_iter
