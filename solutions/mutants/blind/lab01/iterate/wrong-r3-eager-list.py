# kind: wrong
# why: Builds every batch of the epoch up front in a list and returns iter(list), loading the whole epoch into memory before the first batch; violates "Escreva-o como um gerador (yield): um batch a cada passo".
def loader_iter(self):
    """Percorre uma época, devolvendo (yield) um batch por vez com self.get_batch_at.

    Se self.shuffle for verdadeiro, embaralha a ordem dos itens a cada nova época
    com torch.randperm(..., generator=self.generator) antes de começar. Cada item
    aparece exatamente uma vez por época, inclusive os do último batch incompleto.
    """
    if self.shuffle:
        order = torch.randperm(len(self.items), generator=self.generator).tolist()
        self.items = [self.items[i] for i in order]
    batches = [self.get_batch_at(i) for i in range(0, len(self.items), self.batch_size)]
    return iter(batches)


SimpleDataLoader.__iter__ = loader_iter
