# kind: correct
# why: helper method that shuffles (randperm with self.generator, each epoch) via tensor indexing through a list of positions, then yield from a generator expression over range(0, n, batch_size)
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    # SEU CÓDIGO AQUI
    def reorder(items, generator):
        positions = torch.randperm(len(items), generator=generator).tolist()
        return [items[p] for p in positions]

    if self.shuffle:
        self.items = reorder(self.items, self.generator)
    yield from (self.get_batch_at(i) for i in range(0, len(self.items), self.batch_size))


SimpleDataLoader.__iter__ = loader_iter
