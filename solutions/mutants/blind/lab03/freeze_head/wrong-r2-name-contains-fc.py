# kind: wrong
# why: Keeps trainable every parameter whose name contains 'fc', which also unfreezes e.g. squeeze-excitation fc1/fc2 inside the body (RegNet, MobileNetV3); violates 'congela todos os parâmetros ... e deixa treináveis os dois parâmetros da cabeça'.
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for name, p in model.named_parameters():
        p.requires_grad = "fc" in name
