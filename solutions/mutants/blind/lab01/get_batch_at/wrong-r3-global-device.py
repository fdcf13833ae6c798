# kind: wrong
# why: Moves the batch to the notebook's global device instead of self.device, so a loader built for another device gets the wrong one; violates "mova os dois para self.device" and "acesse os atributos de self, não as variáveis globais".
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    pairs = [self.transform(it) for it in self.items[idx: idx + self.batch_size]]
    xs, ys = zip(*pairs)
    X, Y = torch.stack(xs), torch.stack(ys)
    return self.batch_tfms((X.to(device), Y.to(device)))


SimpleDataLoader.get_batch_at = get_batch_at
