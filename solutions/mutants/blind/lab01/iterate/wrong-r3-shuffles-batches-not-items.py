# kind: wrong
# why: Permutes only the order of the batch start indices, so the same items always travel together in the same batch; violates "embaralhe a ordem dos itens a cada época" (and "Embaralhar a cada época também faz os batches mudarem").
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    starts = list(range(0, len(self.items), self.batch_size))
    if self.shuffle:  # embaralha a ordem dos batches
        perm = torch.randperm(len(starts), generator=self.generator).tolist()
        starts = [starts[i] for i in perm]
    for start in starts:
        yield self.get_batch_at(start)


SimpleDataLoader.__iter__ = loader_iter
