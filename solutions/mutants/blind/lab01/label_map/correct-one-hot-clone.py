# kind: correct
# why: uses F.one_hot on arange(n) then casts to float32 and clones each row, over sorted(set(labels)); equivalent to torch.eye rows
import torch.nn.functional as _F


def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    vocab = sorted(set(labels))
    rows = _F.one_hot(torch.arange(len(vocab)), num_classes=len(vocab)).to(torch.float32)
    return dict(zip(vocab, (row.clone() for row in rows)))
