# kind: correct
# why: Generator: when shuffling, draws a fresh torch.randperm with self.generator each epoch and reorders self.items, then yields get_batch_at at 0, batch_size, 2*batch_size... including the last partial batch.
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    if self.shuffle:
        order = torch.randperm(len(self.items), generator=self.generator).tolist()
        self.items = [self.items[i] for i in order]
    for start in range(0, len(self.items), self.batch_size):
        yield self.get_batch_at(start)


SimpleDataLoader.__iter__ = loader_iter
