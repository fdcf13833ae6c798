# kind: wrong
# why: Treats the last child of named_children() as the head (true for resnet18) instead of model.fc; violates 'Vale para qualquer rede com a cabeça em model.fc, não só para a resnet18'.
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    children = list(model.children())
    for child in children[:-1]:
        for p in child.parameters():
            p.requires_grad = False
    for p in children[-1].parameters():
        p.requires_grad = True
