# kind: correct
# why: adds the batch dimension with unsqueeze(0) on each tensor and torch.cat, via a small helper; moves both to self.device before batch_tfms
def get_batch_at(self, idx: int) -> tuple:
    """Monta o batch que começa no item de índice idx.

    Pega até self.batch_size itens a partir de idx (o último batch pode ser menor),
    transforma cada um com self.transform, empilha os x e os y em uma nova
    dimensão 0, move os dois tensores para self.device e, por fim, aplica
    self.batch_tfms ao par (X, Y).
    """
    # SEU CÓDIGO AQUI
    def collate(tensors):
        return torch.cat([t.unsqueeze(0) for t in tensors], dim=0)

    end = min(idx + self.batch_size, len(self.items))
    xs, ys = [], []
    for i in range(idx, end):
        x, y = self.transform(self.items[i])
        xs.append(x)
        ys.append(y)
    batch = (collate(xs).to(self.device), collate(ys).to(self.device))
    return self.batch_tfms(batch)


SimpleDataLoader.get_batch_at = get_batch_at
