# kind: wrong
# why: off-by-one: range(0, n - 1, bs) drops the last item when n % bs == 1 (e.g. 9 items, batch 4); the visible sizes 10/4 and 20/6 pass
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    if self.shuffle:
        perm = torch.randperm(len(self.items), generator=self.generator)
        self.items = [self.items[i] for i in perm.tolist()]
    for i in range(0, len(self.items) - 1, self.batch_size):
        yield self.get_batch_at(i)


SimpleDataLoader.__iter__ = loader_iter
