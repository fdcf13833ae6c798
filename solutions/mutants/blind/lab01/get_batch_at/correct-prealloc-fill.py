# kind: correct
# why: preallocates X and Y with torch.empty of shape (n, *item_shape) and the items' dtype, fills row by row, then .to(self.device) and applies self.batch_tfms to the pair
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    # SEU CÓDIGO AQUI
    chunk = self.items[idx: idx + self.batch_size]  # o último pode ter menos itens
    pairs = [self.transform(item) for item in chunk]
    x0, y0 = pairs[0]
    X = torch.empty((len(pairs), *x0.shape), dtype=x0.dtype)
    Y = torch.empty((len(pairs), *y0.shape), dtype=y0.dtype)
    for row, (x, y) in enumerate(pairs):
        X[row] = x
        Y[row] = y
    X, Y = X.to(self.device), Y.to(self.device)
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
