# kind: wrong
# why: uses torch.randperm without generator=self.generator (global RNG): shuffles every epoch and passes visible tests, but the loader seed has no effect
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    if self.shuffle:
        perm = torch.randperm(len(self.items))
        self.items = [self.items[i] for i in perm.tolist()]
    for i in range(0, len(self.items), self.batch_size):
        yield self.get_batch_at(i)


SimpleDataLoader.__iter__ = loader_iter
