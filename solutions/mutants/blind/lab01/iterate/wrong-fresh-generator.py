# kind: wrong
# why: builds a new Generator seeded with a constant every epoch instead of self.generator: the permutation is always the same one (order still changes since it is applied to the current order), passes visible tests
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    if self.shuffle:
        g = torch.Generator().manual_seed(0)
        perm = torch.randperm(len(self.items), generator=g)
        self.items = [self.items[i] for i in perm.tolist()]
    for i in range(0, len(self.items), self.batch_size):
        yield self.get_batch_at(i)


SimpleDataLoader.__iter__ = loader_iter
