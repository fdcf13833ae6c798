# kind: correct
# why: Index loop up to min(idx + batch_size, n); each x/y gets a leading dim with unsqueeze(0) and torch.cat joins them (equivalent to stack), both moved to self.device, then batch_tfms on the pair.
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    end = min(idx + self.batch_size, len(self.items))
    xs, ys = [], []
    for i in range(idx, end):
        x, y = self.transform(self.items[i])
        xs.append(x.unsqueeze(0))
        ys.append(y.unsqueeze(0))
    X = torch.cat(xs, dim=0).to(device=self.device)
    Y = torch.cat(ys, dim=0).to(device=self.device)
    return self.batch_tfms((X, Y))


SimpleDataLoader.get_batch_at = get_batch_at
